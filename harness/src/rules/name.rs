//! The name level: the file name against its revision's grammar (本文2.2,
//! 2.4; 別紙 各レイアウトのファイル名規則). `input::filename` reads the name
//! into parts; this module judges them.

use crate::fact::{Fact, Party, SegmentProblem};
use crate::finding::Rule;
use crate::input::filename::{self, FileName, NameReading, Prefix, Segments};
use crate::rules::Issue;
use crate::spec::Revision;
use crate::values;

rules! {
    level: Name;
    NAME_UNKNOWN_PREFIX = {
        id: "NAME-UNKNOWN-PREFIX", severity: Error,
        spec_ref: "本文2.2 インターフェースファイル一覧; 別紙 各レイアウトのファイル名",
        title_ja: "ファイル名の接頭辞が標準仕様のファイル種別ではありません",
        title_en: "the file name's prefix is not a file kind of the standard",
        doc: "The name must start with one of the prefixes the standard defines (UPHOSOKU, UP1KYO, DLT1KYO, UP2KYO, UP3KYO, UPPLAN, UPJSK, DLTPLAN, DLTJSK, UPSIKYU, and the 介護予防 prefixes), in upper case, followed by '_'. When the prefix is close to a known one (a different case, or at most two letters off) the finding names it and the file's content is checked as that kind, so one typo does not hide every other finding.",
        fails: "UPKHON_0310400015_43_0311500011_11_20250325093000.CSV",
        passes: "UPKIHON_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_SEGMENTS = {
        id: "NAME-SEGMENTS", severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則; 本文2.4",
        title_ja: "ファイル名の項目数・区切りが規則と一致しません",
        title_en: "the file name does not have the segments its kind requires",
        doc: "4.1 names are PREFIX[_YYYYMM]_送信元事業所番号(10)_送信元サービス種類コード(2)_送信先事業所番号(10)_送信先サービス種類コード(2)_YYYYMMDDHHMMSS(14).CSV, separated by ASCII '_'. The month segment exists for UPHOSOKU, UPPLAN, UPJSK, DLTPLAN, DLTJSK and UPSIKYU only. An empty segment (two '_' in a row) or a missing or extra segment is reported with the pattern the kind requires; the segments are then not checked one by one, since their positions are unknown.",
        fails: "UPPLAN_202504_0310400015_43__11_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_EXTENSION = {
        id: "NAME-EXTENSION", severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則",
        title_ja: "拡張子が規則と違います（CSVは .CSV、家族構成画像は .jpg）",
        title_en: "the extension is not the one the rule gives (.CSV; .jpg for the family image)",
        doc: "The standard writes every CSV file name with the upper-case extension '.CSV'. A lower-case '.csv' is reported too: the standard does not say that the receiving system folds case, and the names are compared as text.",
        fails: "UP1KYO_0310400015_43_0311500011_11_20250325093000.csv",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_MONTH = {
        id: "NAME-MONTH", severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（提供年月／対象年月）",
        title_ja: "ファイル名の年月が正しくありません",
        title_en: "the file name's month segment is not a valid YYYYMM",
        doc: "The month segment is a real year and month (YYYYMM, month 01-12). 000000 is allowed only for UPHOSOKU, where it marks the file that travels with 第1・2・3表 (別紙 利用者補足情報: ※１表、２表に紐づく場合は提供年月は「000000」とする).",
        fails: "UPPLAN_202513_0310400015_43_0311500011_11_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_OFFICE_NUMBER = {
        id: "NAME-OFFICE-NUMBER", severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（送信元／送信先事業所番号 10桁）",
        title_ja: "ファイル名の事業所番号が10桁の介護保険事業所番号ではありません",
        title_en: "an office number in the file name is not a 10-character 介護保険事業所番号",
        doc: "送信元 and 送信先 office numbers are 10 characters: digits, except the 3rd (事業所区分), which may be a capital letter other than I, O and Q.",
        fails: "UP1KYO_031040001_43_0311500011_11_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_OFFICE_CHECK_DIGIT = {
        id: "NAME-OFFICE-CHECK-DIGIT", severity: Warning,
        spec_ref: "介護保険事業所番号の付番（検査数字）; 別紙 ファイル名規則",
        title_ja: "ファイル名の事業所番号の検査数字が一致しません（未確認の規則のため警告）",
        title_en: "an office number in the file name fails its check digit (unconfirmed rule: warning)",
        doc: "The 10th character of a 介護保険事業所番号 is a check digit: modulus 10 with weights 2,1 from the right over the first nine characters, letters counted A=10 ... Z=32 skipping I, O, Q, two-digit products summed as digits. The algorithm comes from an MHLW handout, not from the standard, and has not been confirmed on real numbers: a failure is a warning.",
        fails: "UP1KYO_0310400010_43_0311500011_11_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_SERVICE_KIND = {
        id: "NAME-SERVICE-KIND", severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（サービス種類コード 2桁）; 本文1.3, 1.4",
        title_ja: "ファイル名のサービス種類コードが正しくありません",
        title_en: "a service kind code in the file name is not valid",
        doc: "送信元 and 送信先 サービス種類コード are two characters, digits or capital letters (2A, A1). The code must be one the standard knows: a service kind in or out of the linkage scope (本文1.3, 1.4) or a care-management kind (43 居宅介護支援, 46 介護予防支援, AF 介護予防ケアマネジメント). Out-of-scope kinds are NAME-SERVICE-KIND-SCOPE.",
        fails: "UPPLAN_202504_0310400015_43_0311500011_1_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_SERVICE_KIND_SCOPE = {
        id: "NAME-SERVICE-KIND-SCOPE", severity: Error,
        spec_ref: "本文1.3 連携対象サービス, 1.4; 本文2.6",
        title_ja: "ファイル名のサービス種類が連携対象外です",
        title_en: "a service kind in the file name is outside the linkage scope",
        doc: "Files are exchanged only with offices of service kinds in the linkage scope (本文1.3 for 居宅, 1.4 for 介護予防・総合事業). A name whose sender or receiver kind is out of scope (for example 33 特定施設入居者生活介護, 51 介護福祉施設サービス) names an exchange the standard does not provide.",
        fails: "UPPLAN_202504_0310400015_43_0311500011_33_20250325093000.CSV",
        passes: "UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_TIMESTAMP = {
        id: "NAME-TIMESTAMP", severity: Error,
        spec_ref: "別紙 各レイアウトのファイル名規則（作成日時 YYYYMMDDHHMMSS）; 本文2.4, 2.5 ファイル連番",
        title_ja: "ファイル名の作成日時（ファイル連番）が実在する14桁の日時ではありません",
        title_en: "the file name's timestamp (ファイル連番) is not a real 14-digit date and time",
        doc: "The last segment is YYYYMMDDHHMMSS: 14 digits forming a real calendar date and a time 00:00:00-23:59:59. It is the ファイル連番 that groups a send unit and orders imports (本文2.4, 2.5), so a 15-digit or impossible value breaks both.",
        fails: "UP1KYO_0310400015_43_0311500011_11_20250231093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250228093000.CSV",
    }
    NAME_SAME_OFFICE = {
        id: "NAME-SAME-OFFICE", severity: Error,
        spec_ref: "本文2.1 データ連携の流れ; 別紙 ファイル名規則",
        title_ja: "送信元と送信先が同じ事業所・サービス種類です",
        title_en: "sender and receiver are the same office and service kind",
        doc: "A file goes from one office to another. One 事業所番号 may cover several service kinds, so the finding fires only when both the office number and the service kind code of sender and receiver are equal.",
        fails: "UP1KYO_0310400015_43_0310400015_43_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
    NAME_DIRECTION = {
        id: "NAME-DIRECTION", severity: Error,
        spec_ref: "本文1.3「居宅介護支援事業所等（小規模多機能等の介護支援専門員の配置義務のある居宅サービスを含む）」, 1.4; 本文2.2, 3.2 インターフェースファイル一覧（出力・取込）",
        title_ja: "ファイルの向き（送信元・送信先のサービス種類）が標準仕様と逆です",
        title_en: "the file goes the wrong way (sender and receiver service kinds)",
        doc: "Plan-side files (UPHOSOKU, UP1KYO, DLT1KYO, UP2KYO, UP3KYO, UPPLAN, DLTPLAN, UPSIKYU and the 介護予防 files) are output by the plan-making side and 実績 files (UPJSK, DLTJSK) are imported by it (本文2.2, 3.2). That side is 「居宅介護支援事業所等（小規模多機能等の介護支援専門員の配置義務のある居宅サービスを含む）」 (本文1.3) and 「地域包括支援センター等（居宅介護支援事業所、介護予防小規模多機能等の介護支援専門員の配置義務のある介護予防サービスを含む）」 (本文1.4): the care-management kinds 43 居宅介護支援, 46 介護予防支援, AF 介護予防ケアマネジメント, and the services that employ a 介護支援専門員, 73 小規模多機能型居宅介護, 77 看護小規模多機能型居宅介護 and 75 介護予防小規模多機能型居宅介護. So a plan-side file's sender is one of these and its receiver a service; a 実績 file goes the other way. Under 委託 (本文3.1, 3.2) a 居宅介護支援事業所 (43) and a 地域包括支援センター (46, AF) also send plans and relay 実績 to each other, and 73/77/75 are services as well: a plan-making sender and receiver of different kinds are allowed (73→73 is not). The short-stay kinds 68/79/69 are not on the plan-making side (their users are planned by a 居宅介護支援事業所); 特定施設 and グループホーム kinds are out of the linkage scope (NAME-SERVICE-KIND-SCOPE). (The standard's own UPJSK / DLTJSK examples swap the kinds; they are not followed.)",
        fails: "UPJSK_202504_1371000025_43_1371000017_11_…",
        passes: "UPJSK_202504_1371000025_11_1371000017_43_…",
    }
    NAME_BRANCH = {
        id: "NAME-BRANCH", severity: Error,
        spec_ref: "別紙 利用者基本情報 No.62（家族構成 画像ファイル名の命名規則）",
        title_ja: "家族構成画像のファイル名の枝番が4桁の数字ではありません",
        title_en: "the family-structure image's branch number is not 4 digits",
        doc: "The image name is 「UPKIHON_IMAGE_送信元の事業所番号(10 桁)_…_YYYYMMDDHHMMSS（14 桁）_枝番（4 桁）.jpg」: the branch numbers the images of one send unit. The text gives 4 digits and nothing more; the annex's examples (…_0001.JPG, …_0002.JPG) are examples, not a lower bound, so 0000 is accepted.",
        fails: "UPKIHON_IMAGE_…_20250325093000_1.jpg",
        passes: "UPKIHON_IMAGE_…_20250325093000_0001.jpg or …_0000.jpg",
    }
    NAME_KIND_NOT_CHECKED = {
        id: "NAME-KIND-NOT-CHECKED", severity: Warning,
        spec_ref: "本文3.2 インターフェースファイル一覧（介護予防支援等）",
        title_ja: "このファイル種別の内容はこの版のハーネスでは検査していません",
        title_en: "this file kind is recognised but its content is not checked by this version of the harness",
        doc: "The 介護予防 files (UPKIHON and its SUB1, SUB2, IMAGE, DLTKIHON, UPYOBO and its SUB, DLTYOBO) are defined by the standard but their layouts are not yet checked. The finding says so rather than passing the file silently.",
        fails: "UPYOBO_0310400015_46_0311500011_63_20250325093000.CSV",
        passes: "UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV",
    }
}

/// An issue with the part of the name it is about as its found value.
fn issue(rule: &'static Rule, found: &str, fact: Fact) -> Issue {
    Issue::new(rule).found(found).fact(fact)
}

/// Judges a name as `filename::parse` read it under `rev`. `name` is the
/// name itself (the found value of NAME-SEGMENTS).
pub fn check(name: &str, parsed: &FileName, reading: &NameReading, rev: &Revision) -> Vec<Issue> {
    let mut issues = Vec::new();
    match &reading.prefix {
        Prefix::Exact => {}
        Prefix::Near { written, taken } => issues.push(issue(
            &NAME_UNKNOWN_PREFIX,
            written,
            Fact::PrefixTakenFor {
                written: written.clone(),
                taken: taken.clone(),
            },
        )),
        Prefix::Unknown { written } => {
            issues.push(issue(
                &NAME_UNKNOWN_PREFIX,
                written,
                Fact::PrefixUnknown {
                    written: written.clone(),
                    kinds: rev.kinds.clone(),
                    content: None,
                },
            ));
            return issues;
        }
    }
    let ext = reading.extension.as_str();
    let allowed = &reading.allowed_extensions;
    if !allowed.iter().any(|a| a == ext) {
        issues.insert(
            0,
            issue(
                &NAME_EXTENSION,
                if ext.is_empty() { "(なし)" } else { ext },
                Fact::Extensions {
                    allowed: allowed.clone(),
                    appended: reading
                        .inner_extension
                        .as_ref()
                        .filter(|inner| allowed.iter().any(|a| a.eq_ignore_ascii_case(inner)))
                        .map(|_| ext.to_string()),
                },
            ),
        );
    }
    let kind = parsed.kind.clone().unwrap_or_default();
    let layout = rev.layout(&kind);
    let parts = match &reading.segments {
        Some(Segments::Read(parts)) => parts,
        Some(Segments::Wrong {
            count,
            expected,
            empty_at,
            slots,
        }) => {
            let problem = match (slots, empty_at) {
                (Some(s), _) if s.empty.is_empty() => SegmentProblem::Missing(s.missing.clone()),
                (Some(s), _) if s.missing.is_empty() => SegmentProblem::EmptySlots(s.empty.clone()),
                // Counted from the prefix, the first segment.
                (_, Some(i)) => SegmentProblem::Empty(i + 2),
                (_, None) => SegmentProblem::Count {
                    found: *count,
                    expected: *expected,
                },
            };
            let pattern = match layout {
                Some(l) => rev.name_pattern(l),
                None => {
                    crate::spec::name_pattern(&kind, false, rev.file_name.service_kind_segments)
                }
            };
            issues.push(issue(
                &NAME_SEGMENTS,
                name,
                Fact::NamePattern { pattern, problem },
            ));
            return issues;
        }
        None => return issues,
    };
    if let Some(m) = parts.month.as_deref() {
        if !filename::is_month(m, layout) {
            let placeholder = layout.and_then(|l| l.month_placeholder.clone());
            issues.push(issue(&NAME_MONTH, m, Fact::NameMonth { placeholder }));
        }
    }
    if let Some(b) = parts.branch.as_deref() {
        if !filename::is_branch(b) {
            issues.push(issue(&NAME_BRANCH, b, Fact::NameBranch));
        }
    }
    let (sender, receiver) = (parts.sender.as_str(), parts.receiver.as_str());
    let (skind, rkind) = (parts.sender_kind.as_deref(), parts.receiver_kind.as_deref());
    for (party, office) in [(Party::Sender, sender), (Party::Receiver, receiver)] {
        match values::office_number(office) {
            values::Office::Malformed => issues.push(issue(
                &NAME_OFFICE_NUMBER,
                office,
                Fact::NameOffice { party },
            )),
            values::Office::BadCheckDigit(digit) => issues.push(issue(
                &NAME_OFFICE_CHECK_DIGIT,
                office,
                Fact::NameOfficeCheckDigit { party, digit },
            )),
            values::Office::Valid | values::Office::Sentinel => {}
        }
    }
    for (party, kind) in [(Party::Sender, skind), (Party::Receiver, rkind)] {
        let Some(kind) = kind else { continue };
        let shape_ok = kind.len() == 2
            && kind
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
        let sk = &rev.service_kinds;
        if !shape_ok || sk.name(kind).is_none() {
            issues.push(issue(
                &NAME_SERVICE_KIND,
                kind,
                Fact::NameServiceKind { party },
            ));
        } else if let Some(n) = sk.out_of_scope.get(kind) {
            issues.push(issue(
                &NAME_SERVICE_KIND_SCOPE,
                kind,
                Fact::NameServiceKindScope {
                    party,
                    kind: kind.to_string(),
                    kind_name: n.clone(),
                },
            ));
        }
    }
    let ts = parts.timestamp.as_str();
    if !values::is_timestamp(ts) {
        issues.push(issue(&NAME_TIMESTAMP, ts, Fact::NameTimestamp));
    }
    if sender == receiver && skind == rkind {
        issues.push(issue(
            &NAME_SAME_OFFICE,
            &match skind {
                Some(k) => format!("{sender}_{k}"),
                None => sender.to_string(),
            },
            Fact::NameSameOffice,
        ));
    }
    if let (Some(layout), Some(skind), Some(rkind)) = (layout, skind, rkind) {
        let sk = &rev.service_kinds;
        // The plan-making side: 居宅介護支援事業所等 and 地域包括支援センター等,
        // which include the services that employ a 介護支援専門員 (本文1.3,
        // 1.4: 73, 77, 75).
        let (from_cm, to_cm) = (sk.plans(skind), sk.plans(rkind));
        let plan_side = layout.direction == "plan";
        // Under 委託 (本文3.2) a 居宅介護支援事業所 (43) and a 地域包括支援
        // センター (46, AF) exchange plans and relay 実績 between them, and a
        // plan-making service is also a provider: a plan-making sender and
        // receiver of different kinds are allowed.
        let between_care_managers = from_cm && to_cm && skind != rkind;
        let wrong = if plan_side {
            !from_cm || (to_cm && !between_care_managers)
        } else {
            !to_cm || (from_cm && !between_care_managers)
        };
        let known = sk.name(skind).is_some() && sk.name(rkind).is_some();
        if wrong && known {
            issues.push(issue(
                &NAME_DIRECTION,
                &format!("{skind}→{rkind}"),
                Fact::NameDirection {
                    plan_side,
                    care_management: sk.planning_kinds(),
                },
            ));
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::filename::parse;
    use crate::spec;

    fn ids(name: &str) -> Vec<&'static str> {
        let rev = spec::revision("4.1").unwrap();
        let (n, r) = parse(name, rev);
        check(name, &n, &r, rev).iter().map(|i| i.rule.id).collect()
    }

    #[test]
    fn a_conforming_name_has_no_issue() {
        assert!(ids("UPPLAN_202504_0310400015_43_0311500011_11_20250325093000.CSV").is_empty());
        assert!(ids("UP1KYO_0310400015_43_0311500011_11_20250325093000.CSV").is_empty());
        assert!(ids("UPHOSOKU_000000_0310400015_43_0311500011_11_20250325093000.CSV").is_empty());
    }

    #[test]
    fn each_segment_is_checked() {
        assert_eq!(
            ids("UPPLAN_202513_0310400015_43_0311500011_11_20250325093000.CSV"),
            ["NAME-MONTH"]
        );
        assert_eq!(
            ids("UPPLAN_000000_0310400015_43_0311500011_11_20250325093000.CSV"),
            ["NAME-MONTH"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_11_20250325093000.csv"),
            ["NAME-EXTENSION"]
        );
        assert_eq!(
            ids("UP1KYO_031040001_43_0311500011_11_20250325093000.CSV"),
            ["NAME-OFFICE-NUMBER"]
        );
        assert_eq!(
            ids("UP1KYO_0310400010_43_0311500011_11_20250325093000.CSV"),
            ["NAME-OFFICE-CHECK-DIGIT"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_1X_20250325093000.CSV"),
            ["NAME-SERVICE-KIND"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_33_20250325093000.CSV"),
            ["NAME-SERVICE-KIND-SCOPE"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_11_20250231093000.CSV"),
            ["NAME-TIMESTAMP"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0311500011_11_202503250930001.CSV"),
            ["NAME-TIMESTAMP"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_43_0310400015_43_20250325093000.CSV"),
            ["NAME-SAME-OFFICE", "NAME-DIRECTION"]
        );
    }

    #[test]
    fn direction_follows_the_kind() {
        assert!(ids("UPJSK_202504_0311500011_11_0310400015_43_20250325093000.CSV").is_empty());
        // The standard's own example swaps the kinds of a 実績 file.
        assert_eq!(
            ids("UPJSK_202504_0311500011_43_0310400015_11_20250325093000.CSV"),
            ["NAME-DIRECTION"]
        );
        assert_eq!(
            ids("UPPLAN_202504_0311500011_11_0310400015_43_20250325093000.CSV"),
            ["NAME-DIRECTION"]
        );
        // 介護予防支援 (46) plans reuse the 第6表 layout.
        assert!(ids("UPPLAN_202504_0310400015_46_0311500011_63_20250325093000.CSV").is_empty());
    }

    #[test]
    fn the_services_that_employ_a_care_manager_make_plans() {
        // 本文1.3: 小規模多機能 (73) and 看護小規模多機能 (77) send plans and
        // receive 実績; 本文1.4: 介護予防小規模多機能 (75) likewise.
        for name in [
            "UP1KYO_0310400015_73_0311500011_13_20250325093000.CSV",
            "UPPLAN_202504_0310400015_77_0311500011_17_20250325093000.CSV",
            "UPKIHON_0310400015_75_0311500011_63_20250325093000.CSV",
            "UPJSK_202504_0311500011_13_0310400015_73_20250325093000.CSV",
            "DLTJSK_202504_0311500011_63_0310400015_75_20250325093000.CSV",
            // A 居宅介護支援 plan for a 小規模多機能 provider: 73 is a service too.
            "UPPLAN_202504_0310400015_43_0311500011_73_20250325093000.CSV",
        ] {
            assert!(ids(name).is_empty(), "{name}: {:?}", ids(name));
        }
        // Not between two offices of the same plan-making kind, and not
        // from the short-stay kind, whose users a 居宅介護支援 plans.
        assert_eq!(
            ids("UP1KYO_0310400015_73_0311500011_73_20250325093000.CSV"),
            ["NAME-DIRECTION"]
        );
        assert_eq!(
            ids("UP1KYO_0310400015_68_0311500011_13_20250325093000.CSV"),
            ["NAME-DIRECTION"]
        );
        assert_eq!(
            ids("UPJSK_202504_0310400015_73_0311500011_13_20250325093000.CSV"),
            ["NAME-DIRECTION"]
        );
    }

    #[test]
    fn missing_or_empty_segments_are_one_finding() {
        assert_eq!(
            ids("UPPLAN_202504_0310400015_43__11_20250325093000.CSV"),
            ["NAME-SEGMENTS"]
        );
        assert_eq!(
            ids("UPPLAN_0310400015_43_0311500011_11_20250325093000.CSV"),
            ["NAME-SEGMENTS"]
        );
        // A revision 3.2 name (no service kinds) under 4.1.
        assert_eq!(
            ids("UPPLAN_201912_0300000106_0311500011_20191025200201.CSV"),
            ["NAME-SEGMENTS"]
        );
    }

    #[test]
    fn a_misspelt_prefix_is_named_and_taken_for_the_nearest_kind() {
        let rev = spec::revision("4.1").unwrap();
        let name = "UPPLN_202504_0310400015_43_0311500011_11_20250325093000.CSV";
        let (n, reading) = parse(name, rev);
        let issues = check(name, &n, &reading, rev);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].rule.id, "NAME-UNKNOWN-PREFIX");
        assert_eq!(n.kind.as_deref(), Some("UPPLAN"));
        let (n, _) = parse(
            "upplan_202504_0310400015_43_0311500011_11_20250325093000.CSV",
            rev,
        );
        assert_eq!(n.kind.as_deref(), Some("UPPLAN"));
        let (n, reading) = parse("REPORT_2025.CSV", rev);
        assert_eq!(n.kind, None);
        assert_eq!(
            check("REPORT_2025.CSV", &n, &reading, rev)[0].rule.id,
            "NAME-UNKNOWN-PREFIX"
        );
    }

    #[test]
    fn the_kiho_family_and_its_image_have_their_own_names() {
        let rev = spec::revision("4.1").unwrap();
        let name = "UPKIHON_SUB1_0310400015_46_0311500011_63_20250325093000.CSV";
        let (n, _) = parse(name, rev);
        assert_eq!(n.kind.as_deref(), Some("UPKIHON_SUB1"));
        assert!(ids(name).is_empty());
        let name = "UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_0001.jpg";
        let (n, _) = parse(name, rev);
        assert!(ids(name).is_empty(), "{:?}", ids(name));
        assert_eq!(n.branch.as_deref(), Some("0001"));
        assert!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_0002.JPG").is_empty()
        );
        assert_eq!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_1.jpg"),
            ["NAME-BRANCH"]
        );
        // 「枝番（4 桁）」: 0000 is four digits.
        assert!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_0000.jpg").is_empty()
        );
        assert_eq!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_00A1.jpg"),
            ["NAME-BRANCH"]
        );
        assert_eq!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000_0001.png"),
            ["NAME-EXTENSION"]
        );
        assert_eq!(
            ids("UPKIHON_IMAGE_0310400015_46_0311500011_63_20250325093000.jpg"),
            ["NAME-SEGMENTS"]
        );
    }
}
